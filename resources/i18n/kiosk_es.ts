<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>BodyMapScreen</name>
    <message>
        <source>Tap the place where you feel it, on the picture or in the list. You will see the forms of dystonia that affect that place.</source>
        <translation>Toque el lugar donde lo siente, en la imagen o en la lista. Verá las formas de distonía que afectan a ese lugar.</translation>
    </message>
    <message>
        <source>This is not a diagnosis. Your doctor can tell you which form you have.</source>
        <translation>Esto no es un diagnóstico. Su médico puede decirle qué forma tiene usted.</translation>
    </message>
    <message>
        <source>Picture of a body</source>
        <translation>Imagen de un cuerpo</translation>
    </message>
    <message>
        <source>Where do you feel it?</source>
        <translation>¿Dónde lo siente?</translation>
    </message>
</context>
<context>
    <name>DisplayPanel</name>
    <message>
        <source>Text and screen</source>
        <translation>Texto y pantalla</translation>
    </message>
    <message>
        <source>Display and reading</source>
        <translation>Pantalla y lectura</translation>
    </message>
    <message>
        <source>Screen</source>
        <translation>Pantalla</translation>
    </message>
    <message>
        <source>Buttons</source>
        <translation>Botones</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>Texto más pequeño</translation>
    </message>
    <message>
        <source>Bigger text</source>
        <translation>Texto más grande</translation>
    </message>
    <message>
        <source>Slower</source>
        <translation>Más lento</translation>
    </message>
    <message>
        <source>Faster</source>
        <translation>Más rápido</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Clara</translation>
    </message>
    <message>
        <source>Dark, less glare</source>
        <translation>Oscura, menos brillo</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normales</translation>
    </message>
    <message>
        <source>Bigger</source>
        <translation>Más grandes</translation>
    </message>
    <message>
        <source>Text size: {0} percent</source>
        <translation>Tamaño del texto: {0} por ciento</translation>
    </message>
    <message>
        <source>{0} (chosen)</source>
        <translation>{0} (en uso)</translation>
    </message>
    <message>
        <source>Reading speed: {0}</source>
        <translation>Velocidad de lectura: {0}</translation>
    </message>
</context>
<context>
    <name>DisplaySettings</name>
    <message>
        <source>very slow</source>
        <translation>muy lenta</translation>
    </message>
    <message>
        <source>slow</source>
        <translation>lenta</translation>
    </message>
    <message>
        <source>a little slow</source>
        <translation>un poco lenta</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>normal</translation>
    </message>
    <message>
        <source>a little fast</source>
        <translation>un poco rápida</translation>
    </message>
</context>
<context>
    <name>GlossaryScreen</name>
    <message>
        <source>Word list</source>
        <translation>Lista de palabras</translation>
    </message>
    <message>
        <source>The word list is empty.</source>
        <translation>La lista de palabras está vacía.</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Where do you feel it?</source>
        <translation>¿Dónde lo siente?</translation>
    </message>
    <message>
        <source>Start from the part of your body</source>
        <translation>Empiece por la parte de su cuerpo</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <source>Are you still there?</source>
        <translation>¿Sigue ahí?</translation>
    </message>
    <message>
        <source>I&apos;m still here</source>
        <translation>Sigo aquí</translation>
    </message>
    <message numerus="yes">
        <source>The screen will go back to the start in %n seconds. Tap anywhere to keep reading.</source>
        <translation>
            <numerusform>La pantalla volverá al inicio en %n segundo. Toque en cualquier lugar para seguir leyendo.</numerusform>
            <numerusform>La pantalla volverá al inicio en %n segundos. Toque en cualquier lugar para seguir leyendo.</numerusform>
        </translation>
    </message>
    <message>
        <source>Tap the screen to keep reading.</source>
        <translation>Toque la pantalla para seguir leyendo.</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Guided sessions</source>
        <translation>Sesiones guiadas</translation>
    </message>
    <message>
        <source>For staff: teach with a ready-made plan</source>
        <translation>Para el personal: enseñe con un plan listo</translation>
    </message>
    <message>
        <source>{0} – {1}</source>
        <translation>{0} – {1}</translation>
    </message>
</context>
<context>
    <name>LanguageName</name>
    <message>
        <source>English</source>
        <extracomment>The name of the language of this translation, written in that language, as the language button shows it (for Spanish: Español).</extracomment>
        <translation>Español</translation>
    </message>
</context>
<context>
    <name>MessagePanel</name>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
</context>
<context>
    <name>MissingScreen</name>
    <message>
        <source>This page is not available right now.</source>
        <translation>Esta página no está disponible en este momento.</translation>
    </message>
    <message>
        <source>Please tap Back to return, or Home to start again. You could let a member of staff know.</source>
        <translation>Toque Atrás para volver, o Inicio para empezar de nuevo. Puede avisarle a un miembro del personal.</translation>
    </message>
    <message>
        <source>Page not available</source>
        <translation>Página no disponible</translation>
    </message>
</context>
<context>
    <name>NavBar</name>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Repetir</translation>
    </message>
    <message>
        <source>Text and screen</source>
        <translation>Texto y pantalla</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausa</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Seguir</translation>
    </message>
    <message>
        <source>Listen</source>
        <translation>Escuchar</translation>
    </message>
</context>
<context>
    <name>OrganisationScreen</name>
    <message>
        <source>Point your phone&apos;s camera at this square to open the website later.</source>
        <translation>Apunte la cámara de su teléfono a este cuadrado para abrir el sitio web más tarde.</translation>
    </message>
    <message>
        <source>Phone: {0}</source>
        <translation>Teléfono: {0}</translation>
    </message>
    <message>
        <source>Website: {0}</source>
        <translation>Sitio web: {0}</translation>
    </message>
</context>
<context>
    <name>PageScreen</name>
    <message>
        <source>Previous page</source>
        <translation>Página anterior</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Página siguiente</translation>
    </message>
</context>
<context>
    <name>Panel</name>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>PauseMarker</name>
    <message>
        <source>Paused by staff</source>
        <translation>En pausa por el personal</translation>
    </message>
    <message>
        <source>Paused by staff until {0}</source>
        <translation>En pausa por el personal hasta las {0}</translation>
    </message>
</context>
<context>
    <name>QrLabel</name>
    <message>
        <source>QR code for {0}</source>
        <translation>Código QR de {0}</translation>
    </message>
</context>
<context>
    <name>Reader</name>
    <message>
        <source>Reading aloud is not set up on this kiosk.</source>
        <translation>La lectura en voz alta no está instalada en este quiosco.</translation>
    </message>
    <message>
        <source>Reading aloud is turned off on this kiosk.</source>
        <translation>La lectura en voz alta está apagada en este quiosco.</translation>
    </message>
    <message>
        <source>Please ask a member of staff.</source>
        <translation>Pida ayuda a un miembro del personal.</translation>
    </message>
    <message>
        <source>Reading aloud is not working right now.</source>
        <translation>La lectura en voz alta no funciona en este momento.</translation>
    </message>
</context>
<context>
    <name>ResourcesScreen</name>
    <message>
        <source>No organisations are listed yet.</source>
        <translation>Todavía no hay organizaciones en la lista.</translation>
    </message>
    <message>
        <source>Organisations and phone numbers</source>
        <translation>Organizaciones y teléfonos</translation>
    </message>
</context>
<context>
    <name>ScrollPane</name>
    <message>
        <source>Up</source>
        <extracomment>Break points put into long words for the screen (:func:`kiosk.core.hyphenate.breakable`).</extracomment>
        <translation>Subir</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Bajar</translation>
    </message>
    <message>
        <source>Scroll up</source>
        <translation>Subir el texto</translation>
    </message>
    <message>
        <source>Scroll down</source>
        <translation>Bajar el texto</translation>
    </message>
</context>
<context>
    <name>SectionScreen</name>
    <message>
        <source>Organisations and phone numbers</source>
        <translation>Organizaciones y teléfonos</translation>
    </message>
    <message>
        <source>Our clinic and patient groups that can help</source>
        <translation>Nuestra clínica y grupos de pacientes que pueden ayudarle</translation>
    </message>
    <message>
        <source>Word list</source>
        <translation>Lista de palabras</translation>
    </message>
    <message>
        <source>What the medical words in these pages mean</source>
        <translation>Qué quieren decir las palabras médicas de estas páginas</translation>
    </message>
</context>
<context>
    <name>Speech</name>
    <message>
        <source>This kiosk has no voice to read this language aloud.</source>
        <extracomment>Each worker&apos;s thread and host, kept from Python until Qt has deleted the thread. The host and engine are deleted in the worker as its run ends; if Python dropped its last reference first (the speech controller gone, or the worker list pruned when ``finished`` arrived), it could free a wrapper the worker was still destroying (core dumps of test runs: PyDict_GetItem in PySide&apos;s override lookup under ~QObject). ~QThread waits for the run to end, so by ``destroyed`` nothing in the worker uses them any more.</extracomment>
        <translation>Este quiosco no tiene una voz para leer en español.</translation>
    </message>
    <message>
        <source>Reading aloud is not set up on this kiosk.</source>
        <translation>La lectura en voz alta no está instalada en este quiosco.</translation>
    </message>
    <message>
        <source>Reading aloud is not working right now.</source>
        <translation>La lectura en voz alta no funciona en este momento.</translation>
    </message>
</context>
<context>
    <name>TermDialog</name>
    <message>
        <source>Meaning of: {0}</source>
        <translation>Significado de: {0}</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>Significado</translation>
    </message>
</context>
</TS>
