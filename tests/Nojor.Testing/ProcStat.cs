using System.Globalization;

namespace Nojor.Testing;

/// <summary>
/// The fields of <c>/proc/&lt;pid&gt;/stat</c> the tests and benchmarks read, parsed in one place. The line is
/// <c>pid (comm) state ppid ...</c>, and <c>comm</c>, the program's name, may itself hold spaces and parentheses: the
/// fields are counted after the last <c>)</c>, which no other field can hold.
/// </summary>
/// <param name="State">One letter: <c>R</c> running, <c>S</c> sleeping, <c>Z</c> zombie, ... (field 3 in proc(5)).</param>
/// <param name="ParentPid">The parent's PID (field 4).</param>
public readonly record struct ProcStat(char State, int ParentPid)
{
    /// <summary>A zombie has exited; only its parent has yet to reap it.</summary>
    public bool IsZombie => State == 'Z';

    /// <summary>The process's fields, or null when it is gone (or never was).</summary>
    public static ProcStat? Of(int pid)
    {
        try
        {
            return Parse(File.ReadAllText($"/proc/{pid}/stat"));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static ProcStat Parse(string line)
    {
        // From field 3 (state) on: proc(5)'s field n is fields[n - 3].
        var fields = line[(line.LastIndexOf(')') + 2)..].Split(' ');
        return new ProcStat(fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
    }
}
