namespace BreachDesk.Bench;

/// <summary>The table printed as the rows come in; '-' where a column does not apply to a row.</summary>
public static class ResultTable
{
    private static bool _headerPrinted;

    public static void Print(Measurement m)
    {
        if (!_headerPrinted)
        {
            Console.WriteLine($"{"phase",-36} {"clients",7} {"ok",8} {"errors",6} {"per s",9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8} {"peak MiB",9} {"svc CPU s",9} {"pg CPU s",9} {"CPU ms/op",9}  note");
            _headerPrinted = true;
        }
        Console.WriteLine($"{m.Phase,-36} {Show(m.Clients),7} {m.Ok,8} {m.Errors,6} {Show(m.PerSecond),9} {Show(m.P50Ms),8} {Show(m.P95Ms),8} " +
                          $"{Show(m.P99Ms),8} {Show(m.MaxMs),8} {Show(m.PeakServiceMiB),9} " +
                          $"{Show(m.ServiceCpuSeconds),9} {Show(m.PostgresCpuSeconds),9} {Show(m.CpuMsPerOp),9}  {m.Note}");
    }

    private static string Show<T>(T? value) where T : struct => value?.ToString() ?? "-";
}
