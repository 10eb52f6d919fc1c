namespace Tdlab.Lab.Claims;

/// <summary>
/// The sentence of a seed document a claim tests: the document (e.g. "seed 000"), where in it (section or
/// heading), and the words quoted. docs/seeds.md describes the seed documents.
/// </summary>
public sealed record SeedStatement(string Document, string Section, string Quote)
{
    public override string ToString() => $"{Document}, {Section}: \u201c{Quote}\u201d";
}
