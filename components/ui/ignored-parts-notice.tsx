/** Says which parts of a link (filters in the URL) were not understood and were left out. */
export function IgnoredPartsNotice({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="alert alert-warning" role="status">
      <p>Some parts of this link were not understood and were ignored:</p>
      <ul>
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}
