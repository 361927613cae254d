import type { ThemeFix } from "../model/fixes.ts";

/** The fixes teams recorded on themes, newest first per theme. */
export interface ThemeFixStore {
  record(fix: ThemeFix): Promise<void>;
  /** A theme's fixes, newest first (one Query). */
  forTheme(theme: string, limit?: number): Promise<ThemeFix[]>;
}
