/** English texts of the "livelog" namespace. Keys are grouped by where they appear. */
export default {} as const;
