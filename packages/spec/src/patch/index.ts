export { strategicMergePatch, StrategicMergeError } from './strategic.js';
