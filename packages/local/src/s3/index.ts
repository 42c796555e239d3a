/**
 * The local cluster's artifact store: an S3-protocol server on loopback,
 * the default artifact repository, so the executor's S3 driver is the one
 * exercised locally.
 */
export { startS3Server, type S3Server, type S3ServerOptions } from './server.js';
