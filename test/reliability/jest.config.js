import { preset } from '../../jest.preset.js';
// The suites sit at the top of this folder (there is no src/ to test).
export default { ...preset(), testMatch: ['<rootDir>/*.test.ts'] };
