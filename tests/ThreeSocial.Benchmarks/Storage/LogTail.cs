using System.Diagnostics;

namespace ThreeSocial.Benchmarks.Storage;

/// <summary>
/// Reads both output streams of a process to their end, keeping the last lines. A stream nobody reads fills its pipe
/// (64 KiB) and the process then blocks on its next log line: PostgreSQL logs every failed statement and dropped
/// connection to standard error, and in a long CI run it stopped answering connections that way.
/// </summary>
public sealed class LogTail(int lines = 40)
{
    private readonly Queue<string> _lines = new();

    public void Follow(Process process)
    {
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > lines) _lines.Dequeue();
        }
    }

    public override string ToString()
    {
        lock (_lines) return string.Join('\n', _lines);
    }
}
