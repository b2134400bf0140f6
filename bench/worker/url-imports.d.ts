// Vite's `?url` imports (the bench page is built by Vite): the default export is the asset's URL.
declare module '*?url' {
  const url: string;
  export default url;
}
