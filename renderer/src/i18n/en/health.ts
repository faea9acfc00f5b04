/** English texts of the "health" namespace. Keys are grouped by where they appear. */
export default {} as const;
