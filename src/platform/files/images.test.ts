import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { processImageUpload, sniffImageFormat } from './images';

function canvas(width: number, height: number, alpha = false) {
  return sharp({ create: { width, height, channels: alpha ? 4 : 3, background: alpha ? { r: 10, g: 120, b: 200, alpha: 0.5 } : { r: 200, g: 30, b: 30 } } });
}

/** A phone-like JPEG: EXIF with camera, author and GPS position, orientation "rotate 90°", a Display-P3 profile. */
async function phoneJpeg(width = 200, height = 100): Promise<Buffer> {
  return canvas(width, height)
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'Q1', Artist: 'Erika Mustermann', Copyright: 'Erika Mustermann' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 27/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '7/1 5/1 10/1' },
    })
    .withMetadata({ orientation: 6 })
    .withIccProfile('p3')
    .toBuffer();
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the upload to be refused');
}

describe('processImageUpload', () => {
  it('removes EXIF (with GPS), XMP and ICC from a JPEG and applies the orientation first', async () => {
    const input = await phoneJpeg();
    const inMeta = await sharp(input).metadata();
    expect(inMeta.exif?.length).toBeGreaterThan(50);
    expect(inMeta.orientation).toBe(6);
    expect(inMeta.icc).toBeDefined();
    expect(input.includes(Buffer.from('Erika'))).toBe(true);

    const out = await processImageUpload(input);
    expect(out.format).toBe('jpeg');
    // 200×100 turned upright by orientation 6 → 100×200.
    expect([out.image.width, out.image.height]).toEqual([100, 200]);
    for (const v of [out.image, out.thumbnail]) {
      const m = await sharp(v.buffer).metadata();
      expect(m.format).toBe('jpeg');
      expect(m.exif).toBeUndefined();
      expect(m.xmp).toBeUndefined();
      expect(m.iptc).toBeUndefined();
      expect(m.icc).toBeUndefined();
      expect(m.orientation).toBeUndefined();
      expect(v.buffer.includes(Buffer.from('Erika'))).toBe(false);
      expect(v.buffer.includes(Buffer.from('TestCam'))).toBe(false);
      expect(v.buffer.includes(Buffer.from('Exif'))).toBe(false);
      expect(v.mime).toBe('image/jpeg');
      expect(v.bytes).toBe(v.buffer.length);
    }
  });

  it('caps the long edge and makes a thumbnail', async () => {
    const out = await processImageUpload(await canvas(3000, 1200).jpeg().toBuffer());
    expect([out.image.width, out.image.height]).toEqual([2560, 1024]);
    expect([out.thumbnail.width, out.thumbnail.height]).toEqual([400, 160]);
    const small = await processImageUpload(await canvas(300, 200).jpeg().toBuffer());
    expect([small.image.width, small.image.height]).toEqual([300, 200]);
    expect([small.thumbnail.width, small.thumbnail.height]).toEqual([300, 200]);
  });

  it('accepts PNG (keeping transparency) and WebP, re-encoded in their own format without metadata', async () => {
    const png = await processImageUpload(await canvas(640, 480, true).png().withExif({ IFD0: { Artist: 'Erika Mustermann' } }).toBuffer());
    expect(png.format).toBe('png');
    expect(png.image.mime).toBe('image/png');
    const pm = await sharp(png.image.buffer).metadata();
    expect(pm.hasAlpha).toBe(true);
    expect(pm.exif).toBeUndefined();
    expect(png.image.buffer.includes(Buffer.from('Erika'))).toBe(false);

    const webp = await processImageUpload(await canvas(800, 600).webp().withExif({ IFD0: { Artist: 'Erika Mustermann' } }).toBuffer());
    expect(webp.format).toBe('webp');
    expect(webp.thumbnail.mime).toBe('image/webp');
    expect([webp.thumbnail.width, webp.thumbnail.height]).toEqual([400, 300]);
    expect((await sharp(webp.image.buffer).metadata()).exif).toBeUndefined();
  });

  it('refuses a text file named .jpg, a PDF, a GIF and an SVG by their content', async () => {
    const cases = [
      Buffer.from('Dies ist kein Foto, nur Text in einer Datei namens foto.jpg\n'),
      Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
      await canvas(10, 10).gif().toBuffer(),
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'),
    ];
    for (const bytes of cases) {
      const e = await rejection(processImageUpload(bytes, { field: 'photos' }));
      expect(e.status).toBe(422);
      expect(e.code).toBe('image_unsupported_type');
      expect(e.details.fields).toEqual([{ field: 'photos', key: 'files.error.unsupportedType' }]);
    }
  });

  it('refuses empty, oversize, truncated and fake-header files', async () => {
    expect((await rejection(processImageUpload(Buffer.alloc(0)))).code).toBe('image_empty');
    const big = await canvas(400, 400).png().toBuffer();
    const tooLarge = await rejection(processImageUpload(big, { maxBytes: 1000 }));
    expect(tooLarge.code).toBe('image_too_large');
    expect(tooLarge.details.fields?.[0]).toMatchObject({ key: 'files.error.tooLarge', params: { maxMb: 0 } });
    expect((await rejection(processImageUpload(Buffer.alloc(10 * 1024 * 1024 + 1, 0xff)))).code).toBe('image_too_large');

    const jpeg = await canvas(800, 600).jpeg().toBuffer();
    const truncated = jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
    const e = await rejection(processImageUpload(truncated));
    expect(e.code).toBe('image_undecodable');
    expect(e.details.fields).toEqual([{ field: 'photo', key: 'files.error.undecodable' }]);

    const fakePng = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really a png at all')]);
    expect((await rejection(processImageUpload(fakePng))).code).toBe('image_undecodable');
  });

  it('sniffs formats from magic bytes only', () => {
    expect(sniffImageFormat(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffImageFormat(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    expect(sniffImageFormat(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
    expect(sniffImageFormat(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffImageFormat(Buffer.from([0xff, 0xd8]))).toBeNull();
  });
});
