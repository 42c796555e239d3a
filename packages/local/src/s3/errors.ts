/** S3 error codes this server answers with, and their HTTP statuses. */
export const S3ErrorStatus = {
  AccessDenied: 403,
  InvalidAccessKeyId: 403,
  SignatureDoesNotMatch: 403,
  NoSuchBucket: 404,
  NoSuchKey: 404,
  NoSuchUpload: 404,
  BucketNotEmpty: 409,
  InvalidBucketName: 400,
  InvalidArgument: 400,
  InvalidPart: 400,
  InvalidPartOrder: 400,
  InvalidRange: 416,
  MalformedXML: 400,
  XAmzContentSHA256Mismatch: 400,
  BadDigest: 400,
  IncompleteBody: 400,
  KeyConflict: 409,
  MethodNotAllowed: 405,
  NotImplemented: 501,
  InternalError: 500,
} as const;
export type S3ErrorCode = keyof typeof S3ErrorStatus;

export class S3Error extends Error {
  readonly code: S3ErrorCode;
  readonly status: number;
  constructor(code: S3ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.status = S3ErrorStatus[code];
  }
}
