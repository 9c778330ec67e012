/** The part of pdfkit 0.20's API the reports module uses (the package ships no TypeScript types). */
declare module 'pdfkit' {
  import type { Font } from 'fontkit';
  interface TextOptions {
    width?: number;
    align?: 'left' | 'center' | 'right' | 'justify';
    continued?: boolean;
    lineBreak?: boolean;
    link?: string | null;
    goTo?: string | null;
    destination?: string;
    ellipsis?: boolean | string;
    height?: number;
    paragraphGap?: number;
  }
  interface Page {
    width: number;
    height: number;
    margins: { top: number; bottom: number; left: number; right: number };
  }
  class PDFDocument {
    constructor(opts?: { size?: string; margin?: number; bufferPages?: boolean; autoFirstPage?: boolean; lang?: string; displayTitle?: boolean; info?: Record<string, string>; pdfVersion?: string; tagged?: boolean });
    page: Page;
    x: number;
    y: number;
    registerFont(name: string, src: string | Buffer | Font): this;
    font(name: string): this;
    fontSize(size: number): this;
    fillColor(color: string, opacity?: number): this;
    strokeColor(color: string, opacity?: number): this;
    lineWidth(w: number): this;
    text(text: string, x?: number, y?: number, opts?: TextOptions): this;
    text(text: string, opts?: TextOptions): this;
    widthOfString(text: string): number;
    heightOfString(text: string, opts?: TextOptions): number;
    moveDown(lines?: number): this;
    addPage(): this;
    switchToPage(n: number): this;
    bufferedPageRange(): { start: number; count: number };
    rect(x: number, y: number, w: number, h: number): this;
    circle(x: number, y: number, r: number): this;
    moveTo(x: number, y: number): this;
    lineTo(x: number, y: number): this;
    path(d: string): this;
    fill(color?: string): this;
    stroke(color?: string): this;
    save(): this;
    restore(): this;
    translate(x: number, y: number): this;
    scale(s: number): this;
    addNamedDestination(name: string): void;
    outline: { addItem(title: string): unknown };
    on(event: 'data', fn: (chunk: Buffer) => void): this;
    on(event: 'end', fn: () => void): this;
    end(): void;
  }
  export default PDFDocument;
}

/** The part of fontkit (pdfkit's font parser) the reports module uses: a font parsed once, handed to pdfkit. */
declare module 'fontkit' {
  interface Font {
    layout(text: string): unknown;
  }
  export function create(buffer: Uint8Array): Font;
}
