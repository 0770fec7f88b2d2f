<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>IdleOverlay</name>
    <message numerus="yes">
        <source>The screen will go back to the start in %n seconds. Tap anywhere to keep reading.</source>
        <translation>
            <numerusform>The screen will go back to the start in %n second. Tap anywhere to keep reading.</numerusform>
            <numerusform>The screen will go back to the start in %n seconds. Tap anywhere to keep reading.</numerusform>
        </translation>
    </message>
</context>
</TS>
