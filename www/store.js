// localStorage persistence. Every read and write tolerates a missing or full storage.

const PREFIX = 'oncehub-sf-mapping:';
export const KEYS = {
  config: PREFIX + 'config',
  rejectedConfig: PREFIX + 'config.rejected',
  sourceFields: PREFIX + 'sourceFields',
  rejectedSourceFields: PREFIX + 'sourceFields.rejected',
  describes: PREFIX + 'describes',
};

export function read(key) {
  try { return localStorage.getItem(key); } catch { return null; }
}

/** Returns an error message when the value could not be stored (e.g. quota), else null. */
export function write(key, value) {
  try {
    if (value == null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
    return null;
  } catch (err) {
    return err?.name === 'QuotaExceededError' ? 'the browser storage is full' : String(err?.message ?? err);
  }
}

export function readJson(key, fallback) {
  const text = read(key);
  if (text == null) return fallback;
  try { return JSON.parse(text); } catch { return fallback; }
}
