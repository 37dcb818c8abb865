/// <reference path="../fontkit.d.ts" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
type Font = ReturnType<typeof fontkit.create>;
let fonts: { regular: Font; bold: Font } | undefined;

/**
 * DejaVu Sans from the `dejavu-fonts-ttf` package, embedded as a subset, so € and à è é ì ò ù print everywhere.
 * Parsed once per process: PDFKit accepts a parsed fontkit font, and parsing 700 kB per document is the slow part.
 */
function loadFonts(): { regular: Font; bold: Font } {
  fonts ??= {
    regular: fontkit.create(readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'))),
    bold: fontkit.create(readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'))),
  };
  return fonts;
}

export const PAGE = { width: 595.28, height: 841.89, margin: 42 } as const;
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;

export interface Column {
  /** Fraction of the content width. */
  width: number;
  /**
   * 'right' for a column of figures (amounts, rates): a figure is never broken over two lines (an amount and its
   * currency on different rows would read as two values); one wider than the column prints at the size that fits.
   */
  align?: 'left' | 'right';
}

/**
 * A small layout layer over PDFKit: a cursor that flows text and table rows down the page and breaks pages, so the
 * renderers only say what to print. The document's dates are fixed from the invoice date, so the same document
 * always renders to the same bytes.
 */
export class Canvas {
  readonly pdf: PDFKit.PDFDocument;
  y: number = PAGE.margin;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Uint8Array>;

  constructor(meta: { title: string; author: string; subject: string; date: string; lang: string }) {
    const when = new Date(`${meta.date}T00:00:00Z`);
    this.pdf = new PDFDocument({
      size: 'A4',
      margin: PAGE.margin,
      bufferPages: true,
      lang: meta.lang,
      info: { Title: meta.title, Author: meta.author, Subject: meta.subject, Creator: 'Provvigo', Producer: 'Provvigo', CreationDate: when, ModDate: when },
    });
    const { regular, bold } = loadFonts();
    // @types/pdfkit only lists paths and buffers; PDFKit also takes a parsed fontkit font (anything with layout()).
    this.pdf.registerFont('Regular', regular as unknown as Buffer);
    this.pdf.registerFont('Bold', bold as unknown as Buffer);
    this.pdf.font('Regular');
    this.done = new Promise((resolve, reject) => {
      this.pdf.on('data', (c: Buffer) => this.chunks.push(c));
      this.pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(this.chunks))));
      this.pdf.on('error', reject);
    });
  }

  private ensure(height: number): void {
    if (this.y + height > PAGE.height - PAGE.margin - 20) {
      this.pdf.addPage();
      this.y = PAGE.margin;
    }
  }

  text(value: string, opts: { size?: number; bold?: boolean; color?: string; gap?: number; x?: number; width?: number } = {}): this {
    const size = opts.size ?? 9;
    this.pdf.font(opts.bold ? 'Bold' : 'Regular').fontSize(size).fillColor(opts.color ?? '#111111');
    const width = opts.width ?? CONTENT_WIDTH;
    const height = this.pdf.heightOfString(value, { width });
    this.ensure(height);
    this.pdf.text(value, PAGE.margin + (opts.x ?? 0), this.y, { width });
    this.y += height + (opts.gap ?? 2);
    return this;
  }

  space(points: number): this {
    this.y += points;
    return this;
  }

  /** Two blocks side by side (e.g. supplier and customer), each a title and lines. */
  twoBlocks(left: { title: string; lines: string[] }, right: { title: string; lines: string[] }): this {
    const half = CONTENT_WIDTH / 2 - 8;
    const top = this.y;
    const draw = (block: { title: string; lines: string[] }, x: number): number => {
      let y = top;
      this.pdf.font('Bold').fontSize(8).fillColor('#555555').text(block.title.toUpperCase(), PAGE.margin + x, y, { width: half });
      y += 12;
      block.lines.forEach((line, i) => {
        this.pdf.font(i === 0 ? 'Bold' : 'Regular').fontSize(9).fillColor('#111111').text(line, PAGE.margin + x, y, { width: half });
        y += this.pdf.heightOfString(line, { width: half }) + 1;
      });
      return y;
    };
    this.y = Math.max(draw(left, 0), draw(right, half + 16)) + 6;
    return this;
  }

  /** A table row: one cell per column; `bold` for totals, `rule` draws a line above. */
  row(cells: string[], columns: Column[], opts: { bold?: boolean; rule?: boolean; size?: number; shade?: boolean; color?: string } = {}): this {
    const size = opts.size ?? 9;
    const font = opts.bold ? 'Bold' : 'Regular';
    const widths = columns.map((c) => c.width * CONTENT_WIDTH - 6);
    // a figure keeps the row's size unless it is wider than its column: then the size that fits, in steps of 0.1 pt
    const sizes = cells.map((cell, i) => {
      if (columns[i]!.align !== 'right') return size;
      const natural = this.pdf.font(font).fontSize(size).widthOfString(cell);
      return natural <= widths[i]! ? size : Math.floor((size * widths[i]! * 10) / (natural + 1)) / 10;
    });
    const height = Math.max(...cells.map((cell, i) => this.pdf.font(font).fontSize(sizes[i]!).heightOfString(cell, { width: widths[i]! }))) + 4;
    this.ensure(height + 2);
    if (opts.shade) this.pdf.rect(PAGE.margin, this.y - 1, CONTENT_WIDTH, height).fill('#eef2f7');
    if (opts.rule) this.pdf.moveTo(PAGE.margin, this.y - 1).lineTo(PAGE.margin + CONTENT_WIDTH, this.y - 1).lineWidth(0.6).strokeColor('#888888').stroke();
    let x = PAGE.margin;
    cells.forEach((cell, i) => {
      const col = columns[i]!;
      this.pdf.font(font).fontSize(sizes[i]!).fillColor(opts.color ?? '#111111');
      this.pdf.text(cell, x + 3, this.y + 1 + (size - sizes[i]!) * 0.8, { width: widths[i]!, align: col.align ?? 'left' });
      x += widths[i]! + 6;
    });
    this.y += height;
    return this;
  }

  heading(value: string): this {
    this.space(6);
    this.ensure(30);
    this.text(value, { size: 10.5, bold: true, color: '#1f3a5f', gap: 3 });
    return this;
  }

  /** Prints the footer and page numbers on every page, then finishes the file. */
  async finish(footer: string, pageLabel: string): Promise<Uint8Array> {
    const range = this.pdf.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.pdf.switchToPage(i);
      const bottom = PAGE.height - PAGE.margin + 4;
      // Writing below the bottom margin would make PDFKit add a page: lift the margin while writing the footer.
      this.pdf.page.margins.bottom = 0;
      this.pdf.font('Regular').fontSize(7).fillColor('#666666');
      this.pdf.text(footer, PAGE.margin, bottom, { width: CONTENT_WIDTH - 60, lineBreak: true });
      this.pdf.text(`${pageLabel} ${i + 1}/${range.count}`, PAGE.width - PAGE.margin - 60, bottom, { width: 60, align: 'right' });
    }
    this.pdf.end();
    return this.done;
  }
}
