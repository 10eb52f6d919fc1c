using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tdlab.Lab;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Store;

namespace Tdlab.Serve.Api;

/// <summary>
/// The dashboard's routes: the page and its assets, and the JSON the page polls. Every route only reads: the store
/// through <see cref="SnapshotSource"/> (opened read-only), the assets from the assembly. An error is one line of
/// text or JSON, never a stack trace.
/// </summary>
internal static class DashboardApi
{
    public static void Map(IEndpointRouteBuilder app, SnapshotSource source)
    {
        app.MapGet("/", () => Asset("index.html"));
        app.MapGet("/assets/{file}", (string file) => Asset(file));
        app.MapGet("/api/overview", () => Results.Json(DashboardJson.Overview(source.Take())));
        app.MapGet("/api/experiments/{name}", (string name) =>
        {
            StoreSnapshot s = source.Take();
            return Find(s, name, out ExperimentReport? r, out IResult? missing) ? Results.Json(DashboardJson.Experiment(s, r!)) : missing!;
        });
        app.MapGet("/api/experiments/{name}/figures/{index:int}", (string name, int index) =>
        {
            if (!Find(source.Take(), name, out ExperimentReport? r, out IResult? missing))
                return missing!;
            IReadOnlyList<ReportFigure> figures = r!.Analysis.Figures;
            return index >= 0 && index < figures.Count
                ? Results.Text(figures[index].Svg, "image/svg+xml; charset=utf-8")
                : NotFound($"experiment '{name}' has no figure {index}");
        });
        app.MapGet("/api/experiments/{name}/curves", (string name, string? metric) =>
        {
            if (!Find(source.Take(), name, out ExperimentReport? r, out IResult? missing))
                return missing!;
            if (string.IsNullOrEmpty(metric) || !r!.Metrics.Declares(metric))
                return NotFound($"experiment '{name}' declares no metric '{metric}'");
            return Curves(source, r, metric);
        });
    }

    private static IResult Curves(SnapshotSource source, ExperimentReport r, string metric)
    {
        try
        {
            RunStore store = RunStore.OpenReadOnly(source.OutDir);
            IReadOnlyDictionary<string, string> labels = ConfigLabels.Of(r.Plan.Runs.Select(p => p.ConfigJson));
            Dictionary<string, string> configOf = r.Plan.Runs.ToDictionary(p => p.Id, p => p.ConfigJson);
            List<CurveGroupJson> groups = r.Runs
                .GroupBy(x => labels[configOf[x.Id]])
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g =>
                {
                    SeedBand b = SeedBand.Over(g.Select(x => store.Metric(x.Id, metric)));
                    return new CurveGroupJson(g.Key, g.Count(), b.Steps, DashboardJson.Finite(b.Mean), DashboardJson.Finite(b.Min),
                        DashboardJson.Finite(b.Max), DashboardJson.Finite(b.Sd), b.Count);
                })
                .Where(g => g.Steps.Length > 0)
                .ToList();
            string unit = r.Metrics.Scalars.FirstOrDefault(m => m.Name == metric)?.Unit
                          ?? r.Metrics.Indexed.First(i => i.Contains(metric)).Unit;
            return Results.Json(new CurvesJson(metric, unit, groups));
        }
        catch (Exception e) when (e is BadInputException or Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            return Results.Text(e.Message.ReplaceLineEndings(" "), "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static bool Find(StoreSnapshot s, string name, out ExperimentReport? report, out IResult? missing)
    {
        report = s.Reports.FirstOrDefault(r => r.Name == name);
        missing = report is null
            ? NotFound(s.State == StoreState.Ok ? $"no sweep of experiment '{name}' in the store" : s.Message)
            : null;
        return report is not null;
    }

    private static IResult NotFound(string message) =>
        Results.Text(message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);

    private static IResult Asset(string file)
    {
        byte[]? bytes = DashboardAssets.Read(file);
        return bytes is null ? NotFound($"no asset '{file}'") : Results.Bytes(bytes, DashboardAssets.ContentType(file));
    }
}
