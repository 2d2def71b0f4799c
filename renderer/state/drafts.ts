/** Unsent text per session, kept across session switches and reloads (localStorage). */
const STORAGE_KEY = 'switchyard.drafts';

function readAll(): Record<string, string> {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function loadDraft(key: string): string {
  return readAll()[key] ?? '';
}

export function saveDraft(key: string, text: string): void {
  const all = readAll();
  if (text) all[key] = text;
  else delete all[key];
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(all));
  } catch {
    // Storage full or disabled: the draft lives as long as the page.
  }
}
