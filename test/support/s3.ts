import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";

// An S3-compatible server (s3rver) on 127.0.0.1 for the storage tests, with
// its objects in a scratch folder removed on stop.

export interface TestS3 {
  /** Settings for the server under test, in Zou's variable names. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startTestS3(): Promise<TestS3> {
  const directory = await mkdtemp(path.join(tmpdir(), "kumiki-s3-"));
  const server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory });
  const { port } = await server.run();
  return {
    env: {
      FS_BACKEND: "s3",
      FS_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      FS_S3_REGION: "us-east-1",
      FS_S3_ACCESS_KEY: "S3RVER",
      FS_S3_SECRET_KEY: "S3RVER",
      FS_BUCKET_PREFIX: `kumiki-${path.basename(directory).slice(-6).toLowerCase()}-`,
    },
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
