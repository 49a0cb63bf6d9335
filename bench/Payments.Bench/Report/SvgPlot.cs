using System.Globalization;
using System.Text;
using Akka.Payments.Bench.Harness;

namespace Akka.Payments.Bench.Report;

/// <summary>Two panels side by side: achieved throughput and p99 latency against the offered rate, one line per
/// system and journal. Plain SVG, no dependencies.</summary>
public static class SvgPlot
{
    private const int PanelWidth = 420, PanelHeight = 300, Margin = 60;
    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e"];

    public static string Render(IReadOnlyList<SweepResult> sweeps)
    {
        var series = sweeps.Select(s => (Label: $"{s.Target} / {s.Journal}", Points: s.Trials.Where(t => !ReferenceEquals(t, s.Late)).OrderBy(t => t.OfferedRate).ToList())).ToList();
        var maxRate = series.SelectMany(s => s.Points).Select(p => p.OfferedRate).DefaultIfEmpty(1).Max();
        var maxThroughput = Math.Max(maxRate, series.SelectMany(s => s.Points).Select(p => p.Throughput).DefaultIfEmpty(1).Max());
        var maxP99 = series.SelectMany(s => s.Points).Select(p => p.Latency.P99Ms).DefaultIfEmpty(1).Max();

        var svg = new StringBuilder();
        var width = 2 * (PanelWidth + 2 * Margin);
        svg.AppendLine(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{PanelHeight + 2 * Margin + 20 * series.Count}\" font-family=\"sans-serif\" font-size=\"12\">"));
        svg.AppendLine("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        Panel(svg, 0, "achieved payments/s", maxRate, maxThroughput, series, p => p.Throughput);
        Panel(svg, PanelWidth + 2 * Margin, "p99 latency (ms, log)", maxRate, maxP99, series, p => p.Latency.P99Ms, log: true);
        for (var i = 0; i < series.Count; i++)
            svg.AppendLine(Inv($"<text x=\"{Margin}\" y=\"{PanelHeight + 2 * Margin + 20 * i}\" fill=\"{Colours[i % Colours.Length]}\">■ {series[i].Label}</text>"));
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void Panel(StringBuilder svg, int left, string title, double maxX, double maxY,
        List<(string Label, List<TrialResult> Points)> series, Func<TrialResult, double> y, bool log = false)
    {
        double X(double v) => left + Margin + v / maxX * PanelWidth;
        double Y(double v) => log
            ? Margin + PanelHeight - Math.Log10(Math.Max(v, 1)) / Math.Log10(Math.Max(maxY, 10)) * PanelHeight
            : Margin + PanelHeight - v / maxY * PanelHeight;
        svg.AppendLine(Inv($"<text x=\"{left + Margin}\" y=\"{Margin - 20}\" font-weight=\"bold\">{title} against offered payments/s</text>"));
        svg.AppendLine(Inv($"<line x1=\"{left + Margin}\" y1=\"{Margin + PanelHeight}\" x2=\"{left + Margin + PanelWidth}\" y2=\"{Margin + PanelHeight}\" stroke=\"black\"/>"));
        svg.AppendLine(Inv($"<line x1=\"{left + Margin}\" y1=\"{Margin}\" x2=\"{left + Margin}\" y2=\"{Margin + PanelHeight}\" stroke=\"black\"/>"));
        for (var i = 0; i <= 4; i++)
        {
            var vx = maxX * i / 4;
            svg.AppendLine(Inv($"<text x=\"{X(vx)}\" y=\"{Margin + PanelHeight + 16}\" text-anchor=\"middle\">{vx:N0}</text>"));
            var vy = log ? Math.Pow(10, Math.Log10(Math.Max(maxY, 10)) * i / 4) : maxY * i / 4;
            svg.AppendLine(Inv($"<text x=\"{left + Margin - 6}\" y=\"{Y(vy) + 4}\" text-anchor=\"end\">{vy:N0}</text>"));
        }
        for (var s = 0; s < series.Count; s++)
        {
            var points = string.Join(' ', series[s].Points.Select(p => Inv($"{X(p.OfferedRate):0.#},{Y(y(p)):0.#}")));
            svg.AppendLine(Inv($"<polyline fill=\"none\" stroke=\"{Colours[s % Colours.Length]}\" stroke-width=\"2\" points=\"{points}\"/>"));
            foreach (var p in series[s].Points)
                svg.AppendLine(Inv($"<circle cx=\"{X(p.OfferedRate):0.#}\" cy=\"{Y(y(p)):0.#}\" r=\"3\" fill=\"{Colours[s % Colours.Length]}\"/>"));
        }
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
