import { inflateSync } from "node:zlib";

// The text of a PDF that Chromium printed (page.pdf()), enough for a test to
// check what is on the paper. Chromium writes each page's text as glyph codes
// in compressed content streams, with a ToUnicode map per font; this reads the
// objects, inflates the streams, and decodes every shown string with its
// font's map. Not a general PDF reader: no object streams, no encryption.

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function objectsOf(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString("latin1");
  const objects = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2]!;
    const at = body.search(/stream\r?\n/);
    if (at === -1) {
      objects.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const start = body.indexOf("\n", at) + 1;
    const end = body.lastIndexOf("endstream");
    let raw = Buffer.from(body.slice(start, end).replace(/\r?\n$/, ""), "latin1");
    if (/\/FlateDecode/.test(body.slice(0, at))) {
      try {
        raw = inflateSync(raw);
      } catch {
        // not ours to read
      }
    }
    objects.set(Number(m[1]), { dict: body.slice(0, at), stream: raw });
  }
  return objects;
}

const hexToUnicode = (hex: string) => {
  let out = "";
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
};

/** A ToUnicode CMap: code → text, and the code's length in bytes. */
function readCMap(cmap: string): { bytes: number; map: Map<number, string> } {
  const map = new Map<number, string>();
  const space = /begincodespacerange\s*<([0-9A-Fa-f]+)>/.exec(cmap);
  const bytes = space ? space[1]!.length / 2 : 2;
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(m[1]!, 16), hexToUnicode(m[2]!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])/g)) {
      const lo = parseInt(m[1]!, 16);
      const hi = parseInt(m[2]!, 16);
      const target = m[3]!;
      if (target.startsWith("[")) {
        const list = [...target.matchAll(/<([0-9A-Fa-f]+)>/g)].map((x) => hexToUnicode(x[1]!));
        for (let c = lo; c <= hi; c++) map.set(c, list[c - lo] ?? "");
      } else {
        const first = target.slice(1, -1);
        const base = parseInt(first.slice(-4), 16);
        const prefix = hexToUnicode(first.slice(0, -4));
        for (let c = lo; c <= hi; c++) map.set(c, prefix + String.fromCharCode(base + c - lo));
      }
    }
  }
  return { bytes, map };
}

/** Every piece of text the PDF shows, in content-stream order. */
export function pdfText(pdf: Buffer): string {
  const objects = objectsOf(pdf);
  // Font resource names (/F7) → their ToUnicode maps, from every font dictionary in the file.
  const cmaps = new Map<string, ReturnType<typeof readCMap>>();
  for (const { dict } of objects.values()) {
    for (const fonts of dict.matchAll(/\/Font\s*<<([\s\S]*?)>>/g)) {
      for (const ref of fonts[1]!.matchAll(/\/([A-Za-z0-9_.+-]+)\s+(\d+)\s+0\s+R/g)) {
        const font = objects.get(Number(ref[2]));
        const toUnicode = font && /\/ToUnicode\s+(\d+)\s+0\s+R/.exec(font.dict);
        const stream = toUnicode ? objects.get(Number(toUnicode[1]))?.stream : null;
        if (stream) cmaps.set(ref[1]!, readCMap(stream.toString("latin1")));
      }
    }
  }
  const pieces: string[] = [];
  for (const { stream } of objects.values()) {
    if (!stream) continue;
    const content = stream.toString("latin1");
    if (!/\bBT\b/.test(content) || !/T[Jj]/.test(content)) continue;
    let font: ReturnType<typeof readCMap> | undefined;
    const tokens = /\/([A-Za-z0-9_.+-]+)\s+[-\d.]+\s+Tf|<([0-9A-Fa-f\s]*)>|\bET\b/g;
    for (let m = tokens.exec(content); m; m = tokens.exec(content)) {
      if (m[1]) font = cmaps.get(m[1]);
      else if (m[2] !== undefined && font) {
        const hex = m[2].replace(/\s+/g, "");
        const step = font.bytes * 2;
        for (let i = 0; i + step <= hex.length; i += step) pieces.push(font.map.get(parseInt(hex.slice(i, i + step), 16)) ?? "");
      } else if (m[0] === "ET") pieces.push(" ");
    }
  }
  return pieces.join("");
}

/** For comparing: the text without any white space (a PDF places words, it need not write their spaces). */
export const squeeze = (s: string) => s.replace(/\s+/g, "");
