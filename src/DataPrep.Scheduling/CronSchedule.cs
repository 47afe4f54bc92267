using Cronos;

namespace DataPrep.Scheduling;

/// <summary>A cron expression in a time zone (Cronos), and the slot arithmetic the scheduler needs.</summary>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;

    public CronSchedule(string cron, string? timeZone)
    {
        try { _expression = CronExpression.Parse(cron, CronFormat.Standard); }
        catch (CronFormatException e) { throw new ArgumentException($"'{cron}' is not a cron expression (minute hour day month weekday): {e.Message}", nameof(cron), e); }
        try { Zone = timeZone is null ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(timeZone); }
        catch (TimeZoneNotFoundException e) { throw new ArgumentException($"unknown time zone '{timeZone}'", nameof(timeZone), e); }
        Text = cron;
    }

    public string Text { get; }

    public TimeZoneInfo Zone { get; }

    /// <summary>The first slot strictly after <paramref name="after"/>; null when the expression has none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => _expression.GetNextOccurrence(after, Zone);

    /// <summary>
    /// The latest slot in (<paramref name="after"/>, <paramref name="now"/>]; null when none. However
    /// many slots were missed, this is the one to catch up: a refresh of today's data makes the
    /// refreshes of the nights before it moot.
    /// </summary>
    public DateTimeOffset? LatestDue(DateTimeOffset after, DateTimeOffset now)
    {
        DateTimeOffset? latest = null;
        for (var slot = Next(after); slot is { } s && s <= now; slot = Next(s)) latest = s;
        return latest;
    }
}
