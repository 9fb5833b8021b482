import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFileStore, StoredFileNotFoundError, type FileStore, type StoredFileKey } from "../../src/storage/file-store.js";
import { LocalFileStore } from "../../src/storage/local-store.js";
import { testConfig } from "../support/app.js";
import { startTestS3, type TestS3 } from "../support/s3.js";

let s3: TestS3;
let localRoot: string;

beforeAll(async () => {
  s3 = await startTestS3();
  localRoot = await mkdtemp(path.join(tmpdir(), "kumiki-store-"));
});

afterAll(async () => {
  await s3.stop();
  await rm(localRoot, { recursive: true, force: true });
});

function key(prefix = "previews"): StoredFileKey {
  return { bucket: "movies", prefix, id: randomUUID() };
}

/** A stream that sends `good` bytes, then fails. */
function failingStream(good: Buffer): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(good);
      } else {
        this.destroy(new Error("connection reset"));
      }
    },
  });
}

const backends: [string, () => Promise<FileStore>][] = [
  ["local folder", async () => createFileStore(testConfig({ PREVIEW_FOLDER: localRoot }))],
  ["S3-compatible store", async () => createFileStore(testConfig(s3.env))],
];

describe.each(backends)("file store on the %s", (_name, open) => {
  let store: FileStore;

  beforeAll(async () => {
    store = await open();
  });

  afterAll(async () => {
    await store.close();
  });

  it("stores a stream and reads it back whole", async () => {
    const content = randomBytes(200_000);
    const target = key();
    const info = await store.put(target, Readable.from([content.subarray(0, 1000), content.subarray(1000)]));
    expect(info.size).toBe(content.length);
    expect(await buffer(await store.get(target))).toEqual(content);
  });

  it("reads an inclusive byte range", async () => {
    const content = randomBytes(5000);
    const target = key();
    await store.put(target, Readable.from([content]));
    expect(await buffer(await store.get(target, { start: 100, end: 199 }))).toEqual(content.subarray(100, 200));
    expect(await buffer(await store.get(target, { start: 4990, end: 4999 }))).toEqual(content.subarray(4990));
  });

  it("reports size, existence and absence", async () => {
    const target = key("lowdef");
    expect(await store.stat(target)).toBeNull();
    expect(await store.exists(target)).toBe(false);
    await store.put(target, Readable.from([Buffer.from("hello")]));
    const info = await store.stat(target);
    expect(info?.size).toBe(5);
    expect(info?.modifiedAt).toBeInstanceOf(Date);
    expect(await store.exists(target)).toBe(true);
  });

  it("rejects a read of a missing file with StoredFileNotFoundError", async () => {
    await expect(store.get(key())).rejects.toBeInstanceOf(StoredFileNotFoundError);
  });

  it("deletes a file, and deleting it again is no error", async () => {
    const target = key();
    await store.put(target, Readable.from([Buffer.from("bye")]));
    await store.delete(target);
    expect(await store.exists(target)).toBe(false);
    await expect(store.delete(target)).resolves.toBeUndefined();
  });

  it("replaces a file atomically: a failed put keeps the previous content", async () => {
    const target = key();
    await store.put(target, Readable.from([Buffer.from("first version")]));
    await expect(store.put(target, failingStream(randomBytes(1000)))).rejects.toThrow();
    expect((await buffer(await store.get(target))).toString()).toBe("first version");
  });

  it("leaves nothing when the first put of a key fails", async () => {
    const target = key();
    await expect(store.put(target, failingStream(randomBytes(1000)))).rejects.toThrow();
    expect(await store.exists(target)).toBe(false);
  });

  it("sends a large file through multipart upload and reads it back", async () => {
    // Above the 8 MiB part size, so lib-storage splits it on S3.
    const content = randomBytes(18 * 1024 * 1024 + 123);
    const target = key("source");
    const chunks = [];
    for (let offset = 0; offset < content.length; offset += 1024 * 1024) chunks.push(content.subarray(offset, offset + 1024 * 1024));
    const info = await store.put(target, Readable.from(chunks));
    expect(info.size).toBe(content.length);
    // Buffer.equals, because a deep equality of 18 MiB is slow in vitest.
    expect((await buffer(await store.get(target))).equals(content)).toBe(true);
  });

  it("rejects a key that would leave its folder", async () => {
    await expect(store.put({ bucket: "files", prefix: "previews", id: "../../etc" }, Readable.from([Buffer.from("x")]))).rejects.toThrow(/Invalid storage id/);
  });
});

describe("local folder layout", () => {
  it("places files where Zou's local backend places them", () => {
    const store = new LocalFileStore("/srv/zou");
    const id = "63e453f1-9655-49ad-acba-ff7f27c49e9d";
    expect(store.pathOf({ bucket: "pictures", prefix: "thumbnails", id })).toBe(`/srv/zou/pictures/thumbnails/63e/453/${id}`);
    expect(store.pathOf({ bucket: "pictures", prefix: "thumbnails-square", id })).toBe(`/srv/zou/pictures/thumbnails/squ/are/square-${id}`);
    expect(store.pathOf({ bucket: "movies", prefix: "lowdef", id })).toBe(`/srv/zou/movies/lowdef/63e/453/${id}`);
  });

  it("leaves no partial file in the folder after a failed put", async () => {
    const store = new LocalFileStore(localRoot);
    const target = key("previews");
    await expect(store.put(target, failingStream(randomBytes(1000)))).rejects.toThrow();
    const folder = path.dirname(store.pathOf(target));
    expect(await readdir(folder)).toEqual([]);
  });
});
