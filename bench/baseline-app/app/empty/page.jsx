// The floor for page weight: an empty App Router page.
export default function Empty() {
  return <main />;
}
