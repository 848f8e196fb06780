// The mongoose Connection type, re-exported so that non-mongo files can name it without importing mongoose.
export type { Connection as DatabaseConnection } from 'mongoose';
