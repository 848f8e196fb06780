// What reporters send as evidence (photos, voice notes, videos, documents), kept with its SHA-256 and the
// time we received it. Held against the conversation until a case is made, then attached to the case;
// a quick exit deletes whatever was never attached.
export interface EvidenceItem {
  id: string;
  conversationKey: string;
  channel: string;
  contentType: string;
  size: number;
  sha256: string;
  receivedAt: Date;
  caseId?: string;
}

export interface EvidenceStore {
  put(input: { conversationKey: string; channel: string; contentType: string; data: Buffer; receivedAt: Date }): Promise<{ id: string; sha256: string; size: number }>;
  attachToCase(ids: string[], caseId: string): Promise<number>;
  /** Everything this conversation sent that no case holds yet goes with its case (nothing sent is lost). */
  attachConversation(conversationKey: string, caseId: string): Promise<number>;
  /** An anonymous case's evidence no longer names the conversation (whose key is a hash of the sender's number). */
  unlinkFromConversation(caseId: string): Promise<number>;
  /** Retention: removes every item held by these cases (their purge took the cases). Returns how many went. */
  deleteForCases(caseIds: string[]): Promise<number>;
  /** Quick exit: removes everything from this conversation that no case holds. Returns how many went. */
  deleteUnattached(conversationKey: string): Promise<number>;
  listForCase(caseId: string): Promise<EvidenceItem[]>;
  /** The item and its bytes; undefined when it does not exist (or was deleted). */
  read(id: string): Promise<{ item: EvidenceItem; data: Buffer } | undefined>;
  ensureIndexes(): Promise<void>;
}

/** What a reporter may send: pictures, sound, video and PDF documents. */
export const EVIDENCE_CONTENT_TYPES = [/^image\/(jpeg|png|gif|webp|heic|heif)$/, /^audio\/[a-z0-9.+-]+$/, /^video\/[a-z0-9.+-]+$/, /^application\/pdf$/];

export function isAllowedEvidenceType(contentType: string): boolean {
  const base = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return EVIDENCE_CONTENT_TYPES.some((re) => re.test(base));
}
