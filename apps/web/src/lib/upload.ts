import { errorBodySchema } from '@casehub/contract';
import { ApiError } from './api';
import { i18n } from '../i18n';

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * POSTs multipart form data with XMLHttpRequest, because fetch cannot report
 * upload progress. Resolves with the parsed JSON answer; rejects with an
 * ApiError carrying the server's message (413, 403, ...), or `network`.
 */
export function uploadForm(url: string, files: File[], onProgress: (p: UploadProgress) => void, signal?: AbortSignal): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const file of files) form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress({ loaded: e.loaded, total: e.total });
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body);
        return;
      }
      const parsed = errorBodySchema.safeParse(body);
      reject(
        parsed.success
          ? new ApiError(xhr.status, parsed.data.error.code, parsed.data.error.message)
          : new ApiError(xhr.status, 'http_error', `The server answered ${xhr.status}.`),
      );
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', i18n.t('Could not reach the server. Check your connection and try again.')));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
