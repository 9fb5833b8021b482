// A minimal PDF 1.4 writer: one page per JPEG picture, each
// page the size of its picture at a given resolution. The JPEG bytes are
// embedded as they are, through the DCTDecode filter, so nothing is
// decoded or re-encoded here.

export interface PdfPicture {
  /** Baseline or progressive JPEG, 8-bit RGB. */
  readonly jpeg: Buffer;
  readonly width: number;
  readonly height: number;
}

/** Writes a PDF with one page per picture; `dpi` sets how many pixels make an inch of page. */
export function writePicturesPdf(pictures: readonly PdfPicture[], dpi = 150): Buffer {
  if (pictures.length === 0) throw new Error("A PDF needs at least one page");
  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const write = (chunk: Buffer | string) => {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk;
    chunks.push(bytes);
    length += bytes.length;
  };
  const startObject = (id: number) => {
    offsets[id] = length;
    write(`${id} 0 obj\n`);
  };

  // Objects: 1 catalog, 2 page tree, then for each page its page, content stream and picture.
  const pageId = (index: number) => 3 + index * 3;
  // The comment line of bytes above 127 marks the file as binary for file transfer tools.
  write("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");

  startObject(1);
  write("<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
  startObject(2);
  const kids = pictures.map((_, index) => `${pageId(index)} 0 R`).join(" ");
  write(`<< /Type /Pages /Kids [${kids}] /Count ${pictures.length} >>\nendobj\n`);

  pictures.forEach((picture, index) => {
    const id = pageId(index);
    const pageWidth = Math.round(((picture.width * 72) / dpi) * 100) / 100;
    const pageHeight = Math.round(((picture.height * 72) / dpi) * 100) / 100;

    startObject(id);
    write(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pageWidth} ${pageHeight}] /Resources << /XObject << /Im0 ${id + 2} 0 R >> >> /Contents ${id + 1} 0 R >>\nendobj\n`);

    const content = `q ${pageWidth} 0 0 ${pageHeight} 0 0 cm /Im0 Do Q\n`;
    startObject(id + 1);
    write(`<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}endstream\nendobj\n`);

    startObject(id + 2);
    write(`<< /Type /XObject /Subtype /Image /Width ${picture.width} /Height ${picture.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${picture.jpeg.length} >>\nstream\n`);
    write(picture.jpeg);
    write("\nendstream\nendobj\n");
  });

  const objectCount = pageId(pictures.length);
  const xrefOffset = length;
  write(`xref\n0 ${objectCount}\n0000000000 65535 f \n`);
  for (let id = 1; id < objectCount; id += 1) write(`${String(offsets[id]).padStart(10, "0")} 00000 n \n`);
  write(`trailer\n<< /Size ${objectCount} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`);
  return Buffer.concat(chunks);
}
