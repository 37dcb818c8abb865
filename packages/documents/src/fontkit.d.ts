// The part of fontkit (PDFKit's font engine) we use: parse a font once, hand it to PDFKit.
declare module 'fontkit' {
  export interface Font {
    layout(text: string): unknown;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
