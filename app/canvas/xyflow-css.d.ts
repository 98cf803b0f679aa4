// Remix's classic compiler turns a CSS import into its URL (vite/client types it as having no default export).
declare module '@xyflow/react/dist/style.css' {
  const href: string;
  export default href;
}
