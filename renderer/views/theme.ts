/** Light and dark follow the system unless the user picked one (remembered in localStorage). */
export type ThemePreference = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'switchyard.theme';

export function themePreference(): ThemePreference {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'light' || saved === 'dark' ? saved : 'system';
}

export function applyTheme(preference: ThemePreference = themePreference()): void {
  if (preference === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = preference;
}

export function setThemePreference(preference: ThemePreference): void {
  if (preference === 'system') localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, preference);
  applyTheme(preference);
}
