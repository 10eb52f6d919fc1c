using Tdlab.Lab.Claims;
using Tdlab.Lab.Reports;

namespace Tdlab.Lab.Specs;

/// <summary>What an experiment computes from the store at report time.</summary>
public sealed record Analysis(IReadOnlyList<Claim> Claims, IReadOnlyList<Figure> Figures, IReadOnlyList<string> Notes);
