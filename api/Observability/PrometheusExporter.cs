using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace ThreeSocial.Api.Observability;

/// <summary>
/// Aggregates System.Diagnostics.Metrics instruments in process and renders them in the Prometheus text
/// exposition format (version 0.0.4). No OpenTelemetry exporter restores here, so this is the small piece we own.
/// It exports the meters of its own host (created through that host's IMeterFactory) and the process-wide .NET
/// runtime meter, so two hosts in one process never mix their series.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private static readonly string[] HostMeters = ["ThreeSocial.", "Microsoft.AspNetCore.Hosting", "Microsoft.Orleans"];
    private const string ProcessMeter = "System.Runtime";

    // Seconds: from 50 µs (a grain turn) to 10 s (a slow HTTP request).
    private static readonly double[] Buckets = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _instruments = new();
    private readonly Lock _scrapeLock = new();

    public PrometheusExporter(IMeterFactory hostMeters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            var meter = instrument.Meter;
            var ours = meter.Scope == hostMeters && HostMeters.Any(p => meter.Name.StartsWith(p, StringComparison.Ordinal));
            if (!ours && meter.Name != ProcessMeter) return;
            var series = _instruments.GetOrAdd(instrument, i => new InstrumentSeries(i));
            listener.EnableMeasurementEvents(instrument, series);
        };
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out var _);
        _listener.SetMeasurementEventCallback<long>((i, v, tags, state) => ((InstrumentSeries)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, state) => ((InstrumentSeries)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, state) => ((InstrumentSeries)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, state) => ((InstrumentSeries)state!).Record(v, tags));
        _listener.Start();
    }

    public string Scrape()
    {
        lock (_scrapeLock)
        {
            _listener.RecordObservableInstruments();
            var text = new StringBuilder(8192);
            foreach (var series in _instruments.Values.OrderBy(s => s.Name, StringComparer.Ordinal)) series.Render(text);
            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    private enum Kind { Sum, LastValue, Histogram }

    private sealed class InstrumentSeries
    {
        private readonly Kind _kind;
        private readonly string _type;
        private readonly string? _help;
        private readonly ConcurrentDictionary<string, Cell> _cells = new();

        // Orleans records several tagged measurements per grain call: found by the tags themselves, without building
        // the label text each time (that text is made once per series, and two tag orders share one series).
        private readonly ConcurrentDictionary<TagKey, Cell> _byTags = new();

        private Cell CellFor(string labels) => _cells.GetOrAdd(labels, _ => new Cell(_kind == Kind.Histogram));
        private readonly Cell _untagged;

        internal InstrumentSeries(Instrument instrument)
        {
            var typeName = instrument.GetType().Name;
            _kind = typeName.StartsWith("Histogram", StringComparison.Ordinal) ? Kind.Histogram
                : typeName.StartsWith("Observable", StringComparison.Ordinal) || typeName.StartsWith("Gauge", StringComparison.Ordinal) ? Kind.LastValue
                : Kind.Sum;
            var isCounter = typeName.StartsWith("Counter", StringComparison.Ordinal) || typeName.StartsWith("ObservableCounter", StringComparison.Ordinal);
            _type = _kind == Kind.Histogram ? "histogram" : isCounter ? "counter" : "gauge";
            Name = MetricName(instrument, isCounter);
            _help = instrument.Description;
            _untagged = new Cell(_kind == Kind.Histogram);
        }

        internal string Name { get; }

        internal void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var cell = tags.IsEmpty ? _untagged
                : TagKey.Of(tags) is { } key ? (_byTags.TryGetValue(key, out var known) ? known : _byTags.GetOrAdd(key, CellFor(Labels(tags))))
                : CellFor(Labels(tags));
            switch (_kind)
            {
                case Kind.Sum: cell.Add(value); break;
                case Kind.LastValue: cell.Set(value); break;
                default: cell.Observe(value); break;
            }
        }

        internal void Render(StringBuilder text)
        {
            var cells = _cells.Select(c => (c.Key, c.Value)).Append(("", _untagged)).Where(c => c.Item2.Touched).ToList();
            if (cells.Count == 0) return;
            if (!string.IsNullOrEmpty(_help)) text.Append("# HELP ").Append(Name).Append(' ').Append(_help.Replace('\n', ' ')).Append('\n');
            text.Append("# TYPE ").Append(Name).Append(' ').Append(_type).Append('\n');
            foreach (var (labels, cell) in cells.OrderBy(c => c.Item1, StringComparer.Ordinal))
            {
                if (_kind != Kind.Histogram)
                {
                    Line(text, Name, labels, null, cell.Value);
                    continue;
                }
                long cumulative = 0;
                for (var b = 0; b < Buckets.Length; b++)
                {
                    cumulative += Interlocked.Read(ref cell.Buckets![b]);
                    Line(text, Name + "_bucket", labels, Buckets[b].ToString("R", CultureInfo.InvariantCulture), cumulative);
                }
                var count = Interlocked.Read(ref cell.Count);
                Line(text, Name + "_bucket", labels, "+Inf", count);
                Line(text, Name + "_sum", labels, null, cell.Value);
                Line(text, Name + "_count", labels, null, count);
            }
        }

        private static void Line(StringBuilder text, string name, string labels, string? le, double value)
        {
            text.Append(name);
            if (labels.Length > 0 || le is not null)
            {
                text.Append('{').Append(labels);
                if (le is not null) text.Append(labels.Length > 0 ? "," : "").Append("le=\"").Append(le).Append('"');
                text.Append('}');
            }
            text.Append(' ').Append(FormatValue(value)).Append('\n');
        }

        private static string FormatValue(double value) =>
            double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN"
            : value.ToString("R", CultureInfo.InvariantCulture);

        private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var pairs = new List<string>(tags.Length);
            foreach (var tag in tags)
                pairs.Add($"{Sanitize(tag.Key)}=\"{Escape(Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "")}\"");
            pairs.Sort(StringComparer.Ordinal);
            return string.Join(',', pairs);
        }

        private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

        private static string MetricName(Instrument instrument, bool isCounter)
        {
            var name = Sanitize(instrument.Name);
            var unitSuffix = instrument.Unit switch
            {
                "s" => "_seconds",
                "By" => "_bytes",
                _ => "",
            };
            if (!name.EndsWith(unitSuffix, StringComparison.Ordinal)) name += unitSuffix;
            if (isCounter && !name.EndsWith("_total", StringComparison.Ordinal)) name += "_total";
            return name;
        }

        private static string Sanitize(string name)
        {
            var chars = name.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
                if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] is '_' or ':')) chars[i] = '_';
            if (chars.Length > 0 && char.IsAsciiDigit(chars[0])) return "_" + new string(chars);
            return new string(chars);
        }
    }

    /// <summary>One labelled series. Lock-free: recorded from many threads at once.</summary>
    private sealed class Cell(bool histogram)
    {
        internal readonly long[]? Buckets = histogram ? new long[PrometheusExporter.Buckets.Length] : null;
        internal long Count;
        private long _valueBits;
        private int _touched;

        internal bool Touched => Volatile.Read(ref _touched) == 1;
        internal double Value => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _valueBits));

        internal void Set(double value)
        {
            Interlocked.Exchange(ref _valueBits, BitConverter.DoubleToInt64Bits(value));
            _touched = 1;
        }

        internal void Add(double value)
        {
            long seen, next;
            do
            {
                seen = Interlocked.Read(ref _valueBits);
                next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + value);
            } while (Interlocked.CompareExchange(ref _valueBits, next, seen) != seen);
            if (_touched == 0) _touched = 1;
        }

        internal void Observe(double value)
        {
            var bucket = Array.BinarySearch(PrometheusExporter.Buckets, value);
            if (bucket < 0) bucket = ~bucket;
            if (bucket < Buckets!.Length) Interlocked.Increment(ref Buckets[bucket]);
            Interlocked.Increment(ref Count);
            Add(value);
        }
    }

    /// <summary>Up to four tags as they came, compared by value: a dictionary key that costs no allocation to make.</summary>
    private readonly record struct TagKey(
        string? K1, object? V1, string? K2, object? V2, string? K3, object? V3, string? K4, object? V4)
    {
        internal static TagKey? Of(ReadOnlySpan<KeyValuePair<string, object?>> t) => t.Length switch
        {
            1 => new TagKey(t[0].Key, t[0].Value, null, null, null, null, null, null),
            2 => new TagKey(t[0].Key, t[0].Value, t[1].Key, t[1].Value, null, null, null, null),
            3 => new TagKey(t[0].Key, t[0].Value, t[1].Key, t[1].Value, t[2].Key, t[2].Value, null, null),
            4 => new TagKey(t[0].Key, t[0].Value, t[1].Key, t[1].Value, t[2].Key, t[2].Value, t[3].Key, t[3].Value),
            _ => null,
        };
    }
}
