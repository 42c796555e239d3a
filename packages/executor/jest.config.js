import { preset } from '../../jest.preset.js';
// These tests spawn dash, git and loopback servers; on a loaded 2-core machine 5 s is too tight.
export default { ...preset(), testTimeout: 30_000 };
