// Types for electron-vite's `?asset` imports (the file is copied into out/ and the import is its
// runtime path), used for the tray and window icons.
/// <reference types="electron-vite/node" />
