/**
 * Image uploads (photos of concerns and the like): checked by content, re-encoded, stripped of every metadata.
 *
 * 1. The type is decided by the bytes alone — magic numbers first (JPEG, PNG, WebP), then sharp must read the same
 *    format. The file name and the client's Content-Type are never consulted.
 * 2. Anything else, an empty or oversize upload, an image too large in pixels, or one that does not decode completely
 *    (e.g. a truncated JPEG) is refused with a 422 AppError: a stable code and a field error whose key is in the
 *    catalogs (files.error.*).
 * 3. The image is turned upright by its EXIF orientation first, then re-encoded in its own format; sharp writes no
 *    metadata unless asked, so EXIF (with GPS), XMP, IPTC and ICC profiles are gone and colours are converted to
 *    sRGB. The long edge is capped (2560 px) and a thumbnail (400 px) is made from the cleaned image.
 */
import sharp from 'sharp';
import type { Metadata, Sharp, SharpOptions } from 'sharp';
import { AppError } from '../errors';

export type ImageFormat = 'jpeg' | 'png' | 'webp';
export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

export const IMAGE_MIME: Record<ImageFormat, ImageMime> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
export const DEFAULT_IMAGE_MAX_BYTES = 10 * 1024 * 1024;
/** Decompression-bomb guard: more pixels than this are refused before decoding (a 48 MP phone photo passes). */
export const MAX_INPUT_PIXELS = 100_000_000;

export interface ImageVariant {
  buffer: Buffer;
  mime: ImageMime;
  width: number;
  height: number;
  bytes: number;
}

export interface ProcessedImage {
  format: ImageFormat;
  image: ImageVariant;
  thumbnail: ImageVariant;
}

export interface ImageUploadOptions {
  /** Largest accepted upload (default 10 MB). */
  maxBytes?: number;
  /** Long edge of the stored image (default 2560 px). */
  maxEdge?: number;
  /** Long edge of the thumbnail (default 400 px). */
  thumbEdge?: number;
  /** Form/JSON field the upload came from, for the field error (default "photo"). */
  field?: string;
}

export type ImageRejection = 'image_empty' | 'image_too_large' | 'image_unsupported_type' | 'image_undecodable' | 'image_too_many_pixels';

const MESSAGES: Record<ImageRejection, [string, string]> = {
  image_empty: ['files.error.empty', 'The file is empty.'],
  image_too_large: ['files.error.tooLarge', 'The file is too large.'],
  image_unsupported_type: ['files.error.unsupportedType', 'Only JPEG, PNG or WebP images are accepted.'],
  image_undecodable: ['files.error.undecodable', 'The image could not be read; it may be damaged or incomplete.'],
  image_too_many_pixels: ['files.error.tooManyPixels', 'The image has too many pixels.'],
};

export function imageRejected(code: ImageRejection, field = 'photo', params?: Record<string, string | number>): AppError {
  const [key, message] = MESSAGES[code];
  return new AppError(422, code, message, { fields: [{ field, key, ...(params ? { params } : {}) }] });
}

/** The image format from the first bytes, or null. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) {
    return 'png';
  }
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
  return null;
}

function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, to));
}

function encode(pipeline: Sharp, format: ImageFormat): Sharp {
  if (format === 'jpeg') return pipeline.jpeg({ quality: 82, progressive: true, chromaSubsampling: '4:2:0' });
  if (format === 'png') return pipeline.png({ compressionLevel: 8, adaptiveFiltering: true });
  return pipeline.webp({ quality: 80 });
}

const INPUT = (): SharpOptions => ({ failOn: 'truncated', limitInputPixels: MAX_INPUT_PIXELS, animated: false });

async function variant(pipeline: Sharp, format: ImageFormat): Promise<ImageVariant> {
  const { data, info } = await encode(pipeline, format).toBuffer({ resolveWithObject: true });
  return { buffer: data, mime: IMAGE_MIME[format], width: info.width, height: info.height, bytes: data.length };
}

export async function processImageUpload(input: Uint8Array | ArrayBuffer, opts: ImageUploadOptions = {}): Promise<ProcessedImage> {
  const field = opts.field ?? 'photo';
  const maxBytes = opts.maxBytes ?? DEFAULT_IMAGE_MAX_BYTES;
  const maxEdge = opts.maxEdge ?? 2560;
  const thumbEdge = opts.thumbEdge ?? 400;
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length === 0) throw imageRejected('image_empty', field);
  if (bytes.length > maxBytes) throw imageRejected('image_too_large', field, { maxMb: Math.round((maxBytes / 1024 / 1024) * 10) / 10 });
  const format = sniffImageFormat(bytes);
  if (!format) throw imageRejected('image_unsupported_type', field);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

  let meta: Metadata;
  try {
    meta = await sharp(buffer, INPUT()).metadata();
  } catch {
    throw imageRejected('image_undecodable', field);
  }
  if (meta.format !== format) throw imageRejected('image_unsupported_type', field);
  if (!meta.width || !meta.height) throw imageRejected('image_undecodable', field);
  if (meta.width * meta.height > MAX_INPUT_PIXELS) throw imageRejected('image_too_many_pixels', field);

  let image: ImageVariant;
  try {
    image = await variant(sharp(buffer, INPUT()).autoOrient().resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true }), format);
  } catch (e) {
    if (e instanceof Error && /pixel limit/i.test(e.message)) throw imageRejected('image_too_many_pixels', field);
    throw imageRejected('image_undecodable', field);
  }
  const thumbnail = await variant(sharp(image.buffer).resize({ width: thumbEdge, height: thumbEdge, fit: 'inside', withoutEnlargement: true }), format);
  return { format, image, thumbnail };
}
