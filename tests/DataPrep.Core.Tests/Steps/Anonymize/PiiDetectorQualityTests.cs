using System.Text;
using DataPrep.Steps.Anonymize;
using DataPrep.Steps.Anonymize.Pii;
using Xunit.Abstractions;

namespace DataPrep.Tests.Steps.Anonymize;

/// <summary>Precision, recall and F2 per entity on the generated labelled corpus (<see cref="PiiCorpus"/>).</summary>
public sealed class PiiDetectorQualityTests(ITestOutputHelper output)
{
    [Fact]
    public void Detectors_LabelledCorpus_RecallAtLeast099ForChecksumTypes()
    {
        var corpus = PiiCorpus.Generate(14_000, seed: 2026);
        var redactor = new PiiRedactor();
        var entities = Enum.GetValues<PiiEntity>();
        var tp = new int[entities.Length];
        var fp = new int[entities.Length];
        var fn = new int[entities.Length];
        var matches = new List<PiiMatch>();
        var misses = new List<string>();
        foreach (var s in corpus)
        {
            redactor.Find(Encoding.UTF8.GetBytes(s.Text), matches);
            var hit = false;
            foreach (var m in matches)
            {
                if (m.Detector == (int)s.Entity && m.Start < s.End && s.Start < m.End && !hit) { tp[m.Detector]++; hit = true; }
                else fp[m.Detector]++;
            }
            if (!hit) { fn[(int)s.Entity]++; if (misses.Count < 20) misses.Add($"{s.Entity}: {s.Text}"); }
        }

        output.WriteLine($"{"entity",-16} {"n",6} {"precision",10} {"recall",8} {"F2",7}");
        var recall = new double[entities.Length];
        var precision = new double[entities.Length];
        foreach (var e in entities)
        {
            var i = (int)e;
            precision[i] = tp[i] + fp[i] == 0 ? 1 : (double)tp[i] / (tp[i] + fp[i]);
            recall[i] = (double)tp[i] / (tp[i] + fn[i]);
            var f2 = 5 * precision[i] * recall[i] / (4 * precision[i] + recall[i]);
            output.WriteLine($"{e,-16} {tp[i] + fn[i],6} {precision[i],10:F4} {recall[i],8:F4} {f2,7:F4}");
        }
        foreach (var m in misses) output.WriteLine("missed " + m);

        recall[(int)PiiEntity.CreditCard].Should().BeGreaterThanOrEqualTo(0.99);
        recall[(int)PiiEntity.Iban].Should().BeGreaterThanOrEqualTo(0.99);
        precision[(int)PiiEntity.CreditCard].Should().BeGreaterThanOrEqualTo(0.99, "Luhn-invalid look-alikes must not count");
        precision[(int)PiiEntity.Iban].Should().BeGreaterThanOrEqualTo(0.99, "IBANs with wrong check digits must not count");
        foreach (var e in entities) recall[(int)e].Should().BeGreaterThanOrEqualTo(0.95, e.ToString());
    }
}
