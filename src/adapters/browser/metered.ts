// The Network Information API, where the browser has it: saveData or a cellular link
// means this viewer should not upload.

interface NetworkInformationLike {
  saveData?: boolean;
  type?: string;
  addEventListener?: (type: 'change', fn: () => void) => void;
}

export function connectionIsMetered(): boolean {
  const connection = (navigator as Navigator & { connection?: NetworkInformationLike }).connection;
  return Boolean(connection && (connection.saveData || connection.type === 'cellular'));
}

export function onConnectionChange(fn: () => void): void {
  (navigator as Navigator & { connection?: NetworkInformationLike }).connection?.addEventListener?.(
    'change',
    fn,
  );
}
