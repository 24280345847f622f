/** Ferry's version, as `ferry --version` prints it. */
export const VERSION = '0.1.0';
