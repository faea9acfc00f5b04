/** English texts of the "settings" namespace. Keys are grouped by where they appear. */
export default {} as const;
