using System.Globalization;
using System.Net;
using System.Text;

namespace DataPrep.Reports;

/// <summary>Small inline SVG charts for the HTML report: fixed sizes, no script, no external reference.</summary>
internal static class SvgCharts
{
    private static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string s) => WebUtility.HtmlEncode(s);

    /// <summary>Vertical bars of a histogram, with the range under it.</summary>
    public static void Histogram(StringBuilder sb, Histogram h, Func<double, string> label)
    {
        const int width = 320, height = 110, bottom = 92;
        var max = Math.Max(1, h.Counts.Count == 0 ? 1 : h.Counts.Max());
        var bar = (double)width / Math.Max(1, h.Counts.Count);
        sb.Append($"<svg class=\"chart hist\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\">");
        for (var i = 0; i < h.Counts.Count; i++)
        {
            var bh = Math.Max(h.Counts[i] > 0 ? 1 : 0, (bottom - 4) * (double)h.Counts[i] / max);
            sb.Append($"<rect x=\"{N(i * bar + 1)}\" y=\"{N(bottom - bh)}\" width=\"{N(Math.Max(1, bar - 2))}\" height=\"{N(bh)}\"><title>{E(label(h.Edges[i]))} – {E(label(h.Edges[i + 1]))}: {h.Counts[i]:N0}</title></rect>");
        }
        sb.Append($"<line x1=\"0\" y1=\"{bottom}\" x2=\"{width}\" y2=\"{bottom}\" class=\"axis\"/>");
        sb.Append($"<text x=\"0\" y=\"{height - 4}\">{E(label(h.Edges[0]))}</text>");
        sb.Append($"<text x=\"{width}\" y=\"{height - 4}\" text-anchor=\"end\">{E(label(h.Edges[^1]))}</text>");
        sb.Append("</svg>");
    }

    /// <summary>Horizontal bars: one per labelled count.</summary>
    public static void Bars(StringBuilder sb, IReadOnlyList<(string Label, long Count)> items, long total)
    {
        const int width = 320, row = 18, labelWidth = 110;
        var height = Math.Max(row, items.Count * row);
        var max = Math.Max(1, items.Count == 0 ? 1 : items.Max(i => i.Count));
        sb.Append($"<svg class=\"chart bars\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\">");
        for (var i = 0; i < items.Count; i++)
        {
            var (label, count) = items[i];
            var w = Math.Max(1, (width - labelWidth - 95) * (double)count / max);
            var shown = label.Length > 16 ? label[..15] + "…" : label;
            sb.Append($"<text x=\"0\" y=\"{i * row + 13}\">{E(shown)}<title>{E(label)}</title></text>");
            sb.Append($"<rect x=\"{labelWidth}\" y=\"{i * row + 3}\" width=\"{N(w)}\" height=\"{row - 6}\"/>");
            var share = total > 0 ? $" ({100.0 * count / total:0.#}%)" : "";
            sb.Append($"<text x=\"{N(labelWidth + w + 4)}\" y=\"{i * row + 13}\">{count:N0}{share}</text>");
        }
        sb.Append("</svg>");
    }

    /// <summary>A thin bar showing a fraction (null rate).</summary>
    public static void Fraction(StringBuilder sb, double fraction)
    {
        const int width = 80, height = 10;
        var w = Math.Clamp(fraction, 0, 1) * width;
        sb.Append($"<svg class=\"chart frac\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\">");
        sb.Append($"<rect class=\"track\" x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\"/>");
        sb.Append($"<rect class=\"null\" x=\"0\" y=\"0\" width=\"{N(w)}\" height=\"{height}\"/>");
        sb.Append("</svg>");
    }

    /// <summary>The row funnel: per step, rows out, quarantined and dropped as stacked bars scaled to the largest input.</summary>
    public static void Funnel(StringBuilder sb, IReadOnlyList<StepReport> steps)
    {
        const int width = 640, row = 26, labelWidth = 150;
        var height = Math.Max(row, steps.Count * row) + 4;
        var max = Math.Max(1, steps.Count == 0 ? 1 : steps.Max(s => s.RowsIn));
        var scale = (width - labelWidth - 120) / (double)max;
        sb.Append($"<svg class=\"chart funnel\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\">");
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            var y = i * row + 4;
            sb.Append($"<text x=\"0\" y=\"{y + 14}\">{E(s.Id)}</text>");
            var x = (double)labelWidth;
            foreach (var (cls, n) in new[] { ("out", s.RowsOut), ("quarantined", s.Quarantined), ("dropped", s.Dropped) })
            {
                if (n == 0) continue;
                var w = Math.Max(1, n * scale);
                sb.Append($"<rect class=\"{cls}\" x=\"{N(x)}\" y=\"{y}\" width=\"{N(w)}\" height=\"{row - 8}\"><title>{cls}: {n:N0}</title></rect>");
                x += w;
            }
            sb.Append($"<text x=\"{N(x + 4)}\" y=\"{y + 14}\">{s.RowsOut:N0} of {s.RowsIn:N0}</text>");
        }
        sb.Append("</svg>");
    }

    /// <summary>Class balance: per class, a bar for the rows before the step and one for after, on one scale.</summary>
    public static void Balance(StringBuilder sb, IReadOnlyList<ValueCount> before, IReadOnlyList<ValueCount> after)
    {
        const int width = 420, row = 30, labelWidth = 110;
        var classes = after.Select(v => v.Value).ToList();
        var b = before.ToDictionary(v => v.Value, v => v.Count, StringComparer.Ordinal);
        var a = after.ToDictionary(v => v.Value, v => v.Count, StringComparer.Ordinal);
        var max = Math.Max(1, Math.Max(before.Count == 0 ? 0 : before.Max(v => v.Count), after.Count == 0 ? 0 : after.Max(v => v.Count)));
        var height = Math.Max(row, classes.Count * row) + 14;
        sb.Append($"<svg class=\"chart balance\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\">");
        sb.Append("<rect class=\"dropped\" x=\"0\" y=\"2\" width=\"10\" height=\"8\"/><text x=\"14\" y=\"10\">before</text>");
        sb.Append("<rect x=\"70\" y=\"2\" width=\"10\" height=\"8\"/><text x=\"84\" y=\"10\">after</text>");
        for (var i = 0; i < classes.Count; i++)
        {
            var label = classes[i];
            var y = 14 + i * row;
            var shown = label.Length > 16 ? label[..15] + "…" : label;
            sb.Append($"<text x=\"0\" y=\"{y + 17}\">{E(shown)}<title>{E(label)}</title></text>");
            foreach (var (cls, count, dy) in new[] { ("dropped", b.GetValueOrDefault(label), 2), ("", a.GetValueOrDefault(label), 15) })
            {
                var w = Math.Max(count > 0 ? 1 : 0, (width - labelWidth - 70) * (double)count / max);
                var c = cls.Length > 0 ? $" class=\"{cls}\"" : "";
                sb.Append($"<rect{c} x=\"{labelWidth}\" y=\"{y + dy}\" width=\"{N(w)}\" height=\"11\"><title>{(dy == 2 ? "before" : "after")}: {count:N0}</title></rect>");
                sb.Append($"<text x=\"{N(labelWidth + w + 4)}\" y=\"{y + dy + 10}\">{count:N0}</text>");
            }
        }
        sb.Append("</svg>");
    }
}
