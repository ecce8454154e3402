// An Angular app that embeds the widget like any Angular user would: register the elements once, then use
// the tags in templates of components that declare CUSTOM_ELEMENTS_SCHEMA.
import 'gc-webchat/define';
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app.component';

bootstrapApplication(AppComponent, { providers: [provideZonelessChangeDetection()] }).catch((error: unknown) =>
  console.error(error),
);
