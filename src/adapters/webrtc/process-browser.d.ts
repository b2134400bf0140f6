// The `process` package's browser build has no types of its own; we only install it as a global.
declare module 'process/browser.js' {
  const process: Record<string, unknown>;
  export default process;
}
