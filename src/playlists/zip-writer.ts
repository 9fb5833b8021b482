import { PassThrough, type Readable } from "node:stream";
import { crc32 } from "node:zlib";

// A streaming ZIP writer (PKWARE APPNOTE 6.3.10) for the playlist archive.
// Entries are stored without compression, because previews are already
// compressed movies and pictures. Each entry's CRC-32 and sizes follow its
// data in a data descriptor (general purpose flag bit 3), so no file is read
// twice or held in memory.
// NOTE: no ZIP64 records, so entries and the archive must stay under 4 GiB;
// addEntry fails past that size instead of writing a corrupt archive.

const MAX_ZIP32 = 0xffffffff;

export interface ZipEntry {
  name: string;
  open: () => Promise<Readable>;
}

interface WrittenEntry {
  name: Buffer;
  crc: number;
  size: number;
  offset: number;
}

/** DOS date and time of now, as ZIP headers store them. */
function dosDateTime(date: Date): { time: number; day: number } {
  const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
  const day = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  return { time, day };
}

/** Writes the entries one after the other into a ZIP stream; a failing entry ends the stream with its error. */
export function writeZip(entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>): Readable {
  const output = new PassThrough();
  const stamp = dosDateTime(new Date());

  const run = async () => {
    const written: WrittenEntry[] = [];
    let offset = 0;
    const push = async (chunk: Buffer) => {
      offset += chunk.length;
      if (!output.write(chunk)) await new Promise((resolve) => output.once("drain", resolve));
    };

    for await (const entry of entries) {
      const name = Buffer.from(entry.name, "utf8");
      const start = offset;
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt16LE(0x0808, 6); // data descriptor follows, names in UTF-8
      header.writeUInt16LE(0, 8); // stored
      header.writeUInt16LE(stamp.time, 10);
      header.writeUInt16LE(stamp.day, 12);
      header.writeUInt16LE(name.length, 26);
      await push(header);
      await push(name);

      let crc = 0;
      let size = 0;
      for await (const chunk of await entry.open()) {
        const data = chunk as Buffer;
        crc = crc32(data, crc);
        size += data.length;
        if (size > MAX_ZIP32 || offset + data.length > MAX_ZIP32) throw new Error(`The archive passes 4 GiB at ${entry.name}; ZIP64 is not supported.`);
        await push(data);
      }
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc >>> 0, 4);
      descriptor.writeUInt32LE(size, 8);
      descriptor.writeUInt32LE(size, 12);
      await push(descriptor);
      written.push({ name, crc: crc >>> 0, size, offset: start });
    }

    const directoryStart = offset;
    for (const entry of written) {
      const record = Buffer.alloc(46);
      record.writeUInt32LE(0x02014b50, 0);
      record.writeUInt16LE(20, 4);
      record.writeUInt16LE(20, 6);
      record.writeUInt16LE(0x0808, 8);
      record.writeUInt16LE(0, 10);
      record.writeUInt16LE(stamp.time, 12);
      record.writeUInt16LE(stamp.day, 14);
      record.writeUInt32LE(entry.crc, 16);
      record.writeUInt32LE(entry.size, 20);
      record.writeUInt32LE(entry.size, 24);
      record.writeUInt16LE(entry.name.length, 28);
      record.writeUInt32LE(entry.offset, 42);
      await push(record);
      await push(entry.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(written.length, 8);
    end.writeUInt16LE(written.length, 10);
    end.writeUInt32LE(offset - directoryStart, 12);
    end.writeUInt32LE(directoryStart, 16);
    await push(end);
    output.end();
  };

  run().catch((error: unknown) => output.destroy(error as Error));
  return output;
}
