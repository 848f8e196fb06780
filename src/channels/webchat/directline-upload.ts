// POST /v3/directline/conversations/:id/upload: the multipart `activity` and `file` parts directlinejs sends.
// Every file is checked before any is stored (a refused request stores nothing): not empty, at most 10 MB,
// and evidence by its bytes (magic numbers, magic-bytes.js), whatever the browser said it was. File names
// are read as UTF-8 (`zdjęcie.jpg`), as browsers send them.
import path from 'node:path';
import type { RequestHandler, Response } from 'express';
import { filetypemime } from 'magic-bytes.js';
import multer from 'multer';
import { isAllowedEvidenceType } from '../../evidence/evidence.store';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MAX_UPLOAD_FILES = 4;

export interface UploadedFile {
  name: string;
  contentType: string;
  data: Buffer;
}

/** Container formats whose generic name is not an evidence type, by what they hold here. */
const CONTAINER_AS: Record<string, string> = { 'application/ogg': 'audio/ogg' };

/** The evidence type of these bytes, or undefined when they are not a picture, sound, video or PDF. */
export function evidenceTypeOf(data: Buffer, declared: string | undefined): string | undefined {
  const detected = filetypemime(data).map((type) => CONTAINER_AS[type] ?? type);
  const claimed = declared?.split(';')[0]?.trim().toLowerCase();
  // The browser's word is taken only when the bytes agree with it (an .m4a is audio/mp4, not video/mp4).
  if (claimed && isAllowedEvidenceType(claimed) && detected.some((type) => type === claimed || sameContainer(type, claimed))) return claimed;
  return detected.find((type) => isAllowedEvidenceType(type));
}

function sameContainer(detected: string, claimed: string): boolean {
  const mp4 = /^(video|audio)\/(mp4|x-m4a|m4a|quicktime|3gpp)$/;
  return mp4.test(detected) && mp4.test(claimed);
}

export type UploadCheck = { ok: true; activity: unknown; files: UploadedFile[] } | { ok: false; status: number; message: string };

const parser = multer({
  storage: multer.memoryStorage(),
  defParamCharset: 'utf8',
  limits: { fileSize: MAX_UPLOAD_BYTES, files: MAX_UPLOAD_FILES + 1, fields: 2, parts: MAX_UPLOAD_FILES + 3, fieldSize: 32 * 1024 },
});

/** Reads the multipart body; a body multer refuses is answered here with its reason. */
export const parseUpload: RequestHandler = (req, res, next) => {
  parser.any()(req, res, (err: unknown) => {
    if (!err) return next();
    const code = (err as { code?: string }).code;
    const tooBig = code === 'LIMIT_FILE_SIZE';
    refuse(res, tooBig ? 413 : 400, tooBig ? 'a file is at most 10 MB' : `not a valid upload (${code ?? 'unreadable'})`);
  });
};

function refuse(res: Response, status: number, message: string): void {
  res.status(status).json({ error: { code: 'BadArgument', message } });
}

/** Checks the parts multer read: the activity and every file, before anything is stored. */
export function checkUpload(parts: Express.Multer.File[], bodyActivity: unknown): UploadCheck {
  const activityPart = parts.find((p) => p.fieldname === 'activity');
  const files = parts.filter((p) => p.fieldname === 'file');
  let activity: unknown = { type: 'message' };
  try {
    if (activityPart) activity = JSON.parse(activityPart.buffer.toString('utf8'));
    else if (typeof bodyActivity === 'string') activity = JSON.parse(bodyActivity);
  } catch {
    return { ok: false, status: 400, message: 'not a valid activity' };
  }
  if (files.length === 0) return { ok: false, status: 400, message: 'no file in the upload' };
  if (files.length > MAX_UPLOAD_FILES) return { ok: false, status: 400, message: `at most ${MAX_UPLOAD_FILES} files at once` };
  const checked: UploadedFile[] = [];
  for (const file of files) {
    if (file.size === 0 || file.buffer.length === 0) return { ok: false, status: 400, message: 'a file is empty' };
    const contentType = evidenceTypeOf(file.buffer, file.mimetype);
    if (!contentType) return { ok: false, status: 415, message: 'only photos, voice notes, videos and PDFs are accepted' };
    checked.push({ name: path.basename(file.originalname).normalize('NFC').slice(0, 100), contentType, data: file.buffer });
  }
  return { ok: true, activity, files: checked };
}
