/** True when `root/dist/index.js` is newer than every file in `root/src/`. */
export function isFresh(root: string): boolean;
