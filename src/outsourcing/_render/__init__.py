"""Pictures and calendars of an engagement: an HTML status page, Mermaid markdown, iCalendar.

This layer sits above the operations (it draws what they compute) and below the command line.
"""
