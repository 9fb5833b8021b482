import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { Readable } from "node:stream";
import type { S3Settings } from "../config.js";
import {
  objectName,
  StoredFileNotFoundError,
  type Bucket,
  type ByteRange,
  type FileStore,
  type StoredFileInfo,
  type StoredFileKey,
} from "./file-store.js";

// Files in an S3-compatible object store, named as Zou names them: bucket
// `<FS_BUCKET_PREFIX><pictures|movies|files>`, object `<prefix>-<id>`.
// Uploads go through lib-storage's Upload, which sends a single PUT for a
// small body and a multipart upload for a large one, and aborts the
// multipart upload on failure, so no partial object becomes visible.

/** Part size of multipart uploads; S3 requires at least 5 MiB for every part but the last. */
const PART_SIZE = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 4;

function isNotFound(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.name === "NoSuchKey" || error.name === "NotFound" || error.name === "NoSuchBucket" || error.$metadata.httpStatusCode === 404;
}

export class S3FileStore implements FileStore {
  readonly kind = "s3";
  private readonly client: S3Client;
  private readonly readyBuckets = new Map<string, Promise<void>>();

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      // Path-style addressing works with every S3-compatible server (MinIO,
      // Ceph, s3rver); virtual-host style needs DNS for each bucket.
      forcePathStyle: settings.endpoint !== undefined,
      credentials: settings.accessKey !== undefined && settings.secretKey !== undefined
        ? { accessKeyId: settings.accessKey, secretAccessKey: settings.secretKey }
        : undefined,
      // Checksums only where S3 requires them: several S3-compatible servers
      // reject the aws-chunked bodies that default checksums produce.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  bucketName(bucket: Bucket): string {
    return `${this.settings.bucketPrefix}${bucket}`;
  }

  /** Creates the bucket on first use when the server does not have it yet. */
  private ensureBucket(bucket: Bucket): Promise<void> {
    const name = this.bucketName(bucket);
    let ready = this.readyBuckets.get(name);
    if (ready === undefined) {
      ready = (async () => {
        try {
          await this.client.send(new HeadBucketCommand({ Bucket: name }));
        } catch (error) {
          if (!isNotFound(error)) throw error;
          await this.client.send(new CreateBucketCommand({ Bucket: name }));
        }
      })();
      ready.catch(() => this.readyBuckets.delete(name));
      this.readyBuckets.set(name, ready);
    }
    return ready;
  }

  async put(key: StoredFileKey, source: Readable): Promise<StoredFileInfo> {
    await this.ensureBucket(key.bucket);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucketName(key.bucket), Key: objectName(key), Body: source },
      partSize: PART_SIZE,
      queueSize: PARTS_IN_FLIGHT,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      source.destroy();
      throw error;
    }
    const info = await this.stat(key);
    if (info === null) throw new Error(`The object ${objectName(key)} is missing right after its upload`);
    return info;
  }

  async get(key: StoredFileKey, range?: ByteRange): Promise<Readable> {
    try {
      const result = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucketName(key.bucket),
          Key: objectName(key),
          Range: range === undefined ? undefined : `bytes=${range.start}-${range.end}`,
        }),
      );
      return result.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) throw new StoredFileNotFoundError(key);
      throw error;
    }
  }

  async stat(key: StoredFileKey): Promise<StoredFileInfo | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucketName(key.bucket), Key: objectName(key) }));
      return { size: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? new Date(0) };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async exists(key: StoredFileKey): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async delete(key: StoredFileKey): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucketName(key.bucket), Key: objectName(key) }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
