/** English texts of the "integrations" namespace. Keys are grouped by where they appear. */
export default {} as const;
