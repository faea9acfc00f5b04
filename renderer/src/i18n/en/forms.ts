/** English texts of the "forms" namespace. Keys are grouped by where they appear. */
export default {} as const;
