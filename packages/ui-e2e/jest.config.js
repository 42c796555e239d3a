import { preset } from '../../jest.preset.js';
// One cluster and one browser for the whole suite; a step of a real workflow takes seconds.
export default { ...preset(), testTimeout: 60_000 };
