import { preset } from '../../jest.preset.js';
// Tests start HTTP servers on loopback; on a loaded 2-core machine 5 s is too tight.
export default { ...preset(), testTimeout: 30_000 };
