package dev.subsync.state;

public enum PeriodType {
    NORMAL, TRIAL
}
