export default function Home() {
  return (
    <main className="mx-auto max-w-3xl p-8">
      <h1 className="text-2xl font-semibold">jobs-studio</h1>
      <p className="mt-2 text-neutral-600 dark:text-neutral-400">Compose, run and track Hugging Face Jobs.</p>
    </main>
  );
}
